-- parallel: runs functions side by side as coroutines, each resumed with the events it waits for (its
-- os.pullEvent filter, and terminate always), until one of them or all of them end.

local expect = dofile("rom/modules/main/cc/expect.lua").expect

--- Runs the functions until one ends (`any`) or all have: the index of the first to end, for `any`. An error in
--- any of them stops the rest and is raised again.
---@param any boolean
---@param ... function
---@return integer|nil
local function run(any, ...)
  local n = select("#", ...)
  local routines, filters, alive = {}, {}, n
  for i = 1, n do routines[i] = coroutine.create((select(i, ...))) end
  local event = { n = 0 }
  while alive > 0 do
    for i = 1, n do
      local routine = routines[i]
      if routine and (filters[i] == nil or filters[i] == event[1] or event[1] == "terminate") then
        local ok, filter = coroutine.resume(routine, table.unpack(event, 1, event.n))
        if not ok then error(filter, 0) end
        filters[i] = filter
        if coroutine.status(routine) == "dead" then
          if any then return i end
          routines[i], alive = nil, alive - 1
        end
      end
    end
    if alive > 0 then event = table.pack(os.pullEventRaw()) end
  end
  return nil
end

--- Runs the functions together until any one of them ends; the index of that function.
---@param ... function
---@return integer
function waitForAny(...)
  -- each public function checks its own arguments, so that cc.expect names it and blames its caller
  for i = 1, select("#", ...) do expect(i, (select(i, ...)), "function") end
  if select("#", ...) == 0 then return 0 end
  return run(true, ...)
end

--- Runs the functions together until all of them have ended.
---@param ... function
function waitForAll(...)
  for i = 1, select("#", ...) do expect(i, (select(i, ...)), "function") end
  run(false, ...)
end
