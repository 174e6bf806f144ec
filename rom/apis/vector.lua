-- vector: immutable three-dimensional vectors (x, y, z) with arithmetic as methods and as metamethods
-- (+ - * / unary -, ==, tostring), made by vector.new.

local expect_module = dofile("rom/modules/main/cc/expect.lua")
local expect = expect_module.expect

local methods = {}
local metatable = { __index = methods, __name = "vector" }

--- Whether `v` is a vector; a method raises cc.expect's error for an argument that is not
--- (`if not is_vector(v) then expect(1, v, "vector") end`: cc.expect names the method as its caller called it).
---@param v any
---@return boolean
local function is_vector(v)
  return getmetatable(v) == metatable
end

--- A number as CC prints it (its Lua has only doubles, shown with 14 significant digits).
---@param n number
---@return string
local function show(n)
  if math.type(n) == "integer" then return tostring(n) end
  return ("%.14g"):format(n)
end

--- A new vector; a missing coordinate is 0.
---@param x? number
---@param y? number
---@param z? number
---@return table
function new(x, y, z)
  expect(1, x, "number", "nil")
  expect(2, y, "number", "nil")
  expect(3, z, "number", "nil")
  return setmetatable({ x = x or 0, y = y or 0, z = z or 0 }, metatable)
end

function methods.add(self, o)
  if not is_vector(self) then expect(1, self, "vector") end
  if not is_vector(o) then expect(2, o, "vector") end
  return new(self.x + o.x, self.y + o.y, self.z + o.z)
end

function methods.sub(self, o)
  if not is_vector(self) then expect(1, self, "vector") end
  if not is_vector(o) then expect(2, o, "vector") end
  return new(self.x - o.x, self.y - o.y, self.z - o.z)
end

--- The vector scaled by a number.
function methods.mul(self, m)
  if not is_vector(self) then expect(1, self, "vector") end
  expect(2, m, "number")
  return new(self.x * m, self.y * m, self.z * m)
end

--- The vector divided by a number.
function methods.div(self, m)
  if not is_vector(self) then expect(1, self, "vector") end
  expect(2, m, "number")
  return new(self.x / m, self.y / m, self.z / m)
end

function methods.unm(self)
  if not is_vector(self) then expect(1, self, "vector") end
  return new(-self.x, -self.y, -self.z)
end

function methods.dot(self, o)
  if not is_vector(self) then expect(1, self, "vector") end
  if not is_vector(o) then expect(2, o, "vector") end
  return self.x * o.x + self.y * o.y + self.z * o.z
end

function methods.cross(self, o)
  if not is_vector(self) then expect(1, self, "vector") end
  if not is_vector(o) then expect(2, o, "vector") end
  return new(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)
end

function methods.length(self)
  if not is_vector(self) then expect(1, self, "vector") end
  return math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
end

--- The vector of length 1 in the same direction (the zero vector stays zero).
function methods.normalize(self)
  local len = methods.length(self)
  if len == 0 then return new() end
  return methods.div(self, len)
end

--- Each coordinate rounded to the nearest multiple of `tolerance` (default 1).
function methods.round(self, tolerance)
  if not is_vector(self) then expect(1, self, "vector") end
  expect(2, tolerance, "number", "nil")
  local t = tolerance or 1
  local function r(n) return math.floor((n + t * 0.5) / t) * t end
  return new(r(self.x), r(self.y), r(self.z))
end

--- "x,y,z".
function methods.tostring(self)
  if not is_vector(self) then expect(1, self, "vector") end
  return show(self.x) .. "," .. show(self.y) .. "," .. show(self.z)
end

function methods.equals(self, o)
  if not is_vector(self) then expect(1, self, "vector") end
  if not is_vector(o) then expect(2, o, "vector") end
  return self.x == o.x and self.y == o.y and self.z == o.z
end

metatable.__add = methods.add
metatable.__sub = methods.sub
metatable.__unm = methods.unm
metatable.__tostring = methods.tostring

--- Vectors are equal when their coordinates are; a vector never equals another kind of table.
metatable.__eq = function(a, b)
  return getmetatable(a) == metatable and getmetatable(b) == metatable and methods.equals(a, b)
end

--- vector * number and number * vector.
metatable.__mul = function(a, b)
  if type(a) == "number" then return methods.mul(b, a) end
  return methods.mul(a, b)
end

metatable.__div = methods.div
