-- print_lines: prints N numbered lines of 99 bytes each (default 300000: about 30 MB), for a reader that pauses.
local n = tonumber((...)) or 300000
local pad = string.rep('.', 92)
for i = 1, n do
  print(string.format('%06d', i) .. pad)
end
