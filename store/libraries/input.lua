-- input: input events for native programs (docs/devices.md, "Input events"): the key table, the count of events dropped
-- (the queue was full), interrupts as terminate events, whether input comes at all. Events are pulled with os.pull('char').

local root = os.rpc(0).input

--- Input events dropped for this process so far (its queue held 256 waiting ones).
---@return integer
local function dropped()
  return root.dropped()
end

--- Whether an interrupt of the run (SIGINT, Ctrl+C) comes to this process, while it has the input, as a
--- `terminate` event instead of stopping the run (a second one before it pulls the first still stops it).
---@param on boolean
local function trap(on)
  if type(on) ~= 'boolean' then error("bad argument #1 to 'trap' (boolean expected, got " .. type(on) .. ')', 2) end
  root.trap(on)
end

--- Whether input events come to this run at all: true when a keyboard (the host terminal) or an --input script
--- feeds them, false when nothing will (a headless run reading piped standard input).
---@return boolean
local function live()
  return root.live()
end

return {
  --- Key name (as CraftOS's `keys`) → key code (GLFW), e.g. keys.enter == 257.
  keys = root.keys(),
  dropped = dropped,
  trap = trap,
  live = live,
}
