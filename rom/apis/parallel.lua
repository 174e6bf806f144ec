-- parallel: runs functions side by side as coroutines, each resumed with the events it waits for (its
-- os.pullEvent filter, and terminate always), until one of them or all of them end.

--- Runs the functions until one ends (`any`) or all have: the index of the first to end, for `any`. An error in
--- any of them stops the rest and is raised again.
---@param any boolean
---@param ... function
---@return integer|nil
local function run(any, ...)
  local n = select("#", ...)
  local routines, filters, alive = {}, {}, n
  for i = 1, n do
    local fn = select(i, ...)
    if type(fn) ~= "function" then
      error(("bad argument #%d (function expected, got %s)"):format(i, type(fn)), 3) -- blames waitForAny's caller
    end
    routines[i] = coroutine.create(fn)
  end
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
---@return integer|nil
function waitForAny(...)
  return (run(true, ...)) -- not a tail call: run's argument errors blame this function's caller
end

--- Runs the functions together until all of them have ended.
---@param ... function
function waitForAll(...)
  run(false, ...)
end
