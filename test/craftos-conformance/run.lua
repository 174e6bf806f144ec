-- run: the craftos conformance driver, a CraftOS program: runs every spec file ROOT/<api>/*.lua with the harness's
-- describe/it/expect in its environment; reports `RESULT <api> <passed> <failed>` per API (`run.lua [ROOT [OUTFILE]]`).

local harness = require "harness"
local root, out_path = ...
root = root or "/test-rom"
local out = out_path and fs.open(out_path, "w")

--- Reports a line: to the results file when given one (the terminal is the specs'), else on the terminal.
---@param line string
local function report(line)
  if out then out.writeLine(line) else print(line) end
end

_ENV.describe, _ENV.it, _ENV.expect = harness.describe, harness.it, harness.expect

--- The sorted names in `dir` that `keep` accepts.
---@param dir string
---@param keep function
---@return string[]
local function entries(dir, keep)
  local found = {}
  for _, name in ipairs(fs.list(dir)) do
    if keep(fs.combine(dir, name), name) then found[#found + 1] = name end
  end
  table.sort(found)
  return found
end

--- Runs one spec file; an error loading or running it counts as a failure.
---@param path string
---@return integer passed
---@return string[] failures
local function run_file(path)
  local fn, err = loadfile(path, nil, _ENV)
  local ok = fn ~= nil
  if fn then ok, err = pcall(fn) end
  local passed, failures = harness.take()
  if not ok then failures[#failures + 1] = "loading the file: " .. tostring(err) end
  return passed, failures
end

for _, api in ipairs(entries(root, function(path) return fs.isDir(path) end)) do
  local passed, failed = 0, 0
  local specs = entries(fs.combine(root, api), function(_, name) return name:sub(-4) == ".lua" end)
  for _, file in ipairs(specs) do
    local p, failures = run_file(fs.combine(root, api, file))
    passed, failed = passed + p, failed + #failures
    for _, line in ipairs(failures) do report("FAIL " .. api .. "/" .. file .. ": " .. line) end
  end
  report(("RESULT %s %d %d"):format(api, passed, failed))
end
if out then out.close() end
