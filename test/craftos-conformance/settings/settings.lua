-- settings: defined settings, values and defaults (tweaked.cc/module/settings.html).
describe("settings", function()
  it("set and get", function()
    settings.set("conformance.value", 5)
    expect(settings.get("conformance.value")).toBe(5)
    settings.unset("conformance.value")
    expect(settings.get("conformance.value")).toBe(nil)
  end)
  it("get gives the default given when unset", function()
    expect(settings.get("conformance.none", "dflt")).toBe("dflt")
  end)
  it("a defined setting has its default and type", function()
    settings.define("conformance.typed", { default = 3, type = "number", description = "a test" })
    expect(settings.get("conformance.typed")).toBe(3)
    expect(settings.getDetails("conformance.typed").description).toBe("a test")
    expect(pcall(settings.set, "conformance.typed", "x")).toBe(false)
    settings.undefine("conformance.typed")
  end)
  it("getNames lists the set names", function()
    settings.set("conformance.listed", true)
    local found = false
    for _, name in ipairs(settings.getNames()) do
      if name == "conformance.listed" then found = true end
    end
    expect(found).toBe(true)
    settings.unset("conformance.listed")
  end)
end)
