-- harness: the tiny spec style of the craftos conformance specs: describe/it/expect, with the passes and failures
-- counted until `take` hands them over (run.lua installs describe/it/expect in the specs' environment).

local harness = {}
local names = {}
local passed, failures = 0, {}

--- Groups the specs `fn` declares under `name`.
---@param name string
---@param fn function
function harness.describe(name, fn)
  names[#names + 1] = name
  fn()
  names[#names] = nil
end

--- Runs one spec: it passes when `fn` raises no error.
---@param name string
---@param fn function
function harness.it(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
  else
    local where = table.concat(names, " ")
    failures[#failures + 1] = (where == "" and "" or where .. " ") .. name .. ": " .. tostring(err)
  end
end

--- Whether `a` and `b` are equal, tables compared field by field.
---@param a any
---@param b any
---@return boolean
local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not same(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

--- Shows a value in a failure message (strings quoted).
---@param v any
---@return string
local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "table" and textutils then return textutils.serialize(v, { compact = true }) end
  return tostring(v)
end

--- The expectations on `actual`; each raises an error at the spec's line when not met.
---@param actual any
---@return table
function harness.expect(actual)
  local e = {}
  local function check(ok, what, wanted)
    if not ok then error(("expected %s %s, got %s"):format(what, show(wanted), show(actual)), 3) end
  end
  --- The same value (==).
  function e.toBe(wanted) check(actual == wanted, "to be", wanted) end
  --- An equal value, tables compared deeply.
  function e.toEqual(wanted) check(same(actual, wanted), "equal to", wanted) end
  --- A value of this type.
  function e.toBeType(wanted) check(type(actual) == wanted, "a", wanted) end
  --- A string matching this Lua pattern.
  function e.toMatch(pattern) check(type(actual) == "string" and actual:find(pattern) ~= nil, "to match", pattern) end
  --- A function that raises exactly `message` (its "file:line: " position removed) when called with `...`.
  function e.toError(message, ...)
    local ok, err = pcall(actual, ...)
    if ok then error(("expected an error %s, got none"):format(show(message)), 2) end
    local text = type(err) == "string" and err:gsub("^[^:\n]*:%d+: ", "") or err
    if text ~= message then error(("expected the error %s, got %s"):format(show(message), show(err)), 2) end
  end
  return e
end

--- The counts since the last call, and the failures' lines.
---@return integer passed
---@return string[] failures
function harness.take()
  local p, f = passed, failures
  passed, failures = 0, {}
  return p, f
end

return harness
