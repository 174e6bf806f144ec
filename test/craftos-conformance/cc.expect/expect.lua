-- cc.expect: argument checks (tweaked.cc/library/cc.expect.html).
local expect_module = require "cc.expect"
local check, field, range = expect_module.expect, expect_module.field, expect_module.range

describe("expect", function()
  it("returns the value when its type is allowed", function()
    expect(check(1, "x", "string")).toBe("x")
    expect(check(1, nil, "string", "nil")).toBe(nil)
  end)
  it("names the argument, the types and the value's type", function()
    local function f(a) check(1, a, "string") end
    expect(function() f() end).toError("bad argument #1 to 'f' (string expected, got nil)")
    local function g(a) check(2, a, "string", "number") end
    expect(function() g({}) end).toError("bad argument #2 to 'g' (string or number expected, got table)")
  end)
  it("without a name (called by pcall directly), leaves it out", function()
    local function f(a) check(1, a, "string") end
    expect(f).toError("bad argument #1 (string expected, got nil)")
  end)
  it("the module is callable as expect", function() expect(expect_module(1, 5, "number")).toBe(5) end)
end)

describe("field", function()
  it("names the field", function()
    expect(field).toError("bad field 'x' (number expected, got string)", { x = "s" }, "x", "number")
    expect(field({ x = 2 }, "x", "number")).toBe(2)
  end)
end)

describe("range", function()
  it("bounds a number", function()
    expect(range(5, 1, 10)).toBe(5)
    expect(range).toError("number outside of range (expected 11 to be within 1 and 10)", 11, 1, 10)
  end)
end)
