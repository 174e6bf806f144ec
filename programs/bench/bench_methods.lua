-- bench_methods: method calls resolved through a 2-level __index chain (object -> class -> base class).
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local n = math.floor(3000000 * scale)
local Base = {}
Base.__index = Base
function Base:add(v) self.total = self.total + v end
local Class = setmetatable({}, Base)
Class.__index = Class
function Class:get() return self.total end
local obj = setmetatable({ total = 0 }, Class)
local sum = 0
for i = 1, n do
  obj:add(i % 5)
  if i % 100 == 0 then sum = (sum + obj:get()) % 1000000007 end
end
return string.format('methods %d %d', obj:get(), sum)
