-- bench_lines: io.lines() over standard input to its end, counting lines and bytes.
-- An io benchmark for `npm run bench` (the input is given by the bench); returns a checksum.
local lines, bytes = 0, 0
for line in io.lines() do
  lines = lines + 1
  bytes = bytes + #line
end
return ('lines %d %d'):format(lines, bytes)
