-- vector: 3D vectors (tweaked.cc/module/vector.html).
describe("vector", function()
  it("adds, subtracts and scales", function()
    local a, b = vector.new(1, 2, 3), vector.new(4, 5, 6)
    local s = a + b
    expect(s.x).toBe(5)
    expect(s.y).toBe(7)
    expect(s.z).toBe(9)
    local d = b - a
    expect(d.x).toBe(3)
    local m = a * 2
    expect(m.z).toBe(6)
  end)
  it("dot, cross and length", function()
    local a, b = vector.new(1, 0, 0), vector.new(0, 1, 0)
    expect(a:dot(b)).toBe(0)
    local c = a:cross(b)
    expect(c.z).toBe(1)
    expect(vector.new(3, 4, 0):length()).toBe(5)
  end)
  it("tostring is x,y,z", function() expect(tostring(vector.new(1, 2, 3))).toBe("1,2,3") end)
  it("equality compares the components", function() expect(vector.new(1, 2, 3) == vector.new(1, 2, 3)).toBe(true) end)
end)
