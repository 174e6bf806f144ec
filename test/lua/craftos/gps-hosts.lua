-- Computer 0 locates itself with gps; computers 1 to 4 run `gps host X Y Z` at positions whose distances from
-- computer 0 are what the world gives (computer n stands 8n blocks from computer 0): it is at 0,0,0.
local HOSTS = { { 8, 0, 0 }, { 0, 16, 0 }, { 0, 0, 24 }, { 0, 0, -32 } }
local id = os.getComputerID()
if id == 0 then
  sleep(1)
  print("located:", gps.locate(2, true))
else
  local p = HOSTS[id]
  os.run({}, "/rom/programs/gps.lua", "host", p[1], p[2], p[3])
end
