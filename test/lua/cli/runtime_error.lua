-- runtime_error: indexes nil two calls deep; the error is raised on line 5.
local function lookup(t)
  local unused = 0
  unused = unused + 1
  return t.field
end
local function outer() return lookup(nil) end
print(outer())
