-- print_args: prints how many arguments it got, then each one with its length in bytes.
local n = select('#', ...)
print(n)
for i = 1, n do
  local a = select(i, ...)
  print(#a, a)
end
