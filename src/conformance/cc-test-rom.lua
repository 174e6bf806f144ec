-- cc-test-rom: drives CC: Tweaked's test runner (ROOT/mcfly.lua over ROOT/spec) through its `cct_test` hook, one test
-- at a time, and writes `FILE pass fail error pending` per spec file to OUTFILE (`cc-test-rom.lua ROOT OUTFILE`).

local root, out_path = ...
local spec_root = fs.combine(root, 'spec')

local order, done = {}, 0
local counts, files = {}, {}

--- The spec file a test was defined in: its definition's file (`/ROOT/spec/x_spec.lua:12`), else its name.
---@param name string
---@param definition string|nil
---@return string
local function spec_file(name, definition)
  local file = definition and definition:match('^(.-):%d+$') or name
  file = fs.combine(file, '')
  if file:sub(1, #spec_root + 1) == spec_root .. '/' then file = file:sub(#spec_root + 2) end
  return file
end

--- Asks the runner for the next test, or tells it there is none.
local function next_test()
  done = done + 1
  os.queueEvent('cct_test_run', order[done] and order[done].name)
end

_G.cct_test = {
  --- The runner's tests by name ({ idx, definition }): run in definition order.
  ---@param map table
  start = function(map)
    for name, test in pairs(map) do order[#order + 1] = { name = name, idx = test.idx, file = spec_file(name, test.definition) } end
    table.sort(order, function(a, b) return a.idx < b.idx end)
    next_test()
  end,
  --- One test's result ({ status = pass|fail|error|pending }).
  ---@param result table
  submit = function(result)
    local file = order[done].file
    if not counts[file] then
      counts[file] = { pass = 0, fail = 0, error = 0, pending = 0 }
      files[#files + 1] = file
    end
    counts[file][result.status] = counts[file][result.status] + 1
    next_test()
  end,
  --- The run ended: the counts go to the results file.
  finish = function()
    local out = fs.open(out_path, 'w')
    table.sort(files)
    for _, file in ipairs(files) do
      local c = counts[file]
      out.writeLine(('FILE %s %d %d %d %d'):format(file, c.pass, c.fail, c.error, c.pending))
    end
    out.close()
  end,
}

shell.run(fs.combine(root, 'mcfly.lua'), spec_root)
_G.cct_test = nil
