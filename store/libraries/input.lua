-- input: input events for native programs (docs/devices.md, "Input events"): the key table and the count of
-- events dropped because the queue was full. Events themselves are pulled with os.pull (e.g. os.pull('char')).

local root = os.rpc(0).input

--- Input events dropped for this process so far (its queue held 256 waiting ones).
---@return integer
local function dropped()
  return root.dropped()
end

return {
  --- Key name (as CraftOS's `keys`) → key code (GLFW), e.g. keys.enter == 257.
  keys = root.keys(),
  dropped = dropped,
}
