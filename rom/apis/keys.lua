-- keys: the key codes of key and key_up events by name (keys.enter, keys.a, …) and keys.getName for the other
-- way. The codes are the kernel's own table (src/devices/keys.ts), which the bios puts in `keys` while this loads.

local expect = dofile("rom/modules/main/cc/expect.lua").expect

local codes = keys
local names = {}
local env = _ENV
for name, code in pairs(codes) do
  env[name] = code
  names[code] = name
end

-- CC's old spellings, kept as aliases of the names above (getName gives the names above)
env["return"] = codes.enter
env.scollLock = codes.scrollLock

--- The name of a key code (as keys.NAME spells it), or nil for a code no key has.
---@param code integer
---@return string|nil
function getName(code)
  expect(1, code, "number")
  return names[code]
end
