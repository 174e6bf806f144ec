-- cat: writes files, or standard input ('-' or no file), to standard output, one after another.

local USAGE = 'usage: cat [FILE | -]...\n  writes each file (- or none: standard input) to standard output'

local files = { ... }
if files[1] == '--help' or files[1] == '-h' then
  print(USAGE)
  return
end
if #files == 0 then files[1] = '-' end
local status = 0
for _, name in ipairs(files) do
  local f, err = io.stdin, nil
  if name ~= '-' then f, err = io.open(name, 'r') end
  if f then
    for chunk in f:lines(8192) do io.write(chunk) end
    if f ~= io.stdin then f:close() end
  else
    io.stderr:write('cat: ', err, '\n')
    status = 1
  end
end
os.exit(status)
