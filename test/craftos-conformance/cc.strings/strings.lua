-- cc.strings: wrap and ensure_width (tweaked.cc/library/cc.strings.html).
local strings = require "cc.strings"

describe("wrap", function()
  it("breaks at spaces within the width", function()
    expect(strings.wrap("hello there world", 11)).toEqual({ "hello there", "world" })
  end)
  it("keeps newlines as breaks", function()
    expect(strings.wrap("a\nb", 10)).toEqual({ "a", "b" })
  end)
end)

describe("ensure_width", function()
  it("pads and cuts", function()
    expect(strings.ensure_width("ab", 4)).toBe("ab  ")
    expect(strings.ensure_width("abcdef", 4)).toBe("abcd")
  end)
end)
