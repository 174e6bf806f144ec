-- vector: immutable three-dimensional vectors (x, y, z) with arithmetic as methods and as metamethods
-- (+ - * / unary -, ==, tostring), made by vector.new.

local expect_module = dofile("rom/modules/main/cc/expect.lua")
local expect, type_name = expect_module.expect, expect_module.type_name

local methods = {}
local metatable = { __index = methods, __name = "vector" }

--- Raises cc.expect's bad-argument error, blamed on the method's caller, unless `v` is a vector.
---@param index integer
---@param v any
---@param name string the method
local function check(index, v, name)
  if getmetatable(v) ~= metatable then
    error(("bad argument #%d to '%s' (expected vector, got %s)"):format(index, name, type_name(v)), 3)
  end
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
  check(1, self, "add")
  check(2, o, "add")
  return new(self.x + o.x, self.y + o.y, self.z + o.z)
end

function methods.sub(self, o)
  check(1, self, "sub")
  check(2, o, "sub")
  return new(self.x - o.x, self.y - o.y, self.z - o.z)
end

--- The vector scaled by a number.
function methods.mul(self, m)
  check(1, self, "mul")
  expect(2, m, "number")
  return new(self.x * m, self.y * m, self.z * m)
end

--- The vector divided by a number.
function methods.div(self, m)
  check(1, self, "div")
  expect(2, m, "number")
  return new(self.x / m, self.y / m, self.z / m)
end

function methods.unm(self)
  check(1, self, "unm")
  return new(-self.x, -self.y, -self.z)
end

function methods.dot(self, o)
  check(1, self, "dot")
  check(2, o, "dot")
  return self.x * o.x + self.y * o.y + self.z * o.z
end

function methods.cross(self, o)
  check(1, self, "cross")
  check(2, o, "cross")
  return new(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)
end

function methods.length(self)
  check(1, self, "length")
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
  check(1, self, "round")
  expect(2, tolerance, "number", "nil")
  local t = tolerance or 1
  local function r(n) return math.floor((n + t * 0.5) / t) * t end
  return new(r(self.x), r(self.y), r(self.z))
end

--- "x,y,z".
function methods.tostring(self)
  check(1, self, "tostring")
  return show(self.x) .. "," .. show(self.y) .. "," .. show(self.z)
end

function methods.equals(self, o)
  check(1, self, "equals")
  check(2, o, "equals")
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
