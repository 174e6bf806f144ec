-- bench_format: string.format, then match, gsub and find over many lines (the string library and patterns).
-- A CPU benchmark for `npm run bench`; the first argument scales the work; returns a checksum.
local scale = tonumber((...)) or 1
local n = math.floor(60000 * scale)
local names = { 'alpha', 'beta', 'gamma', 'delta', 'epsilon' }
local lines = {}
for i = 1, n do
  lines[i] = string.format('%06d:%s:%8.2f:%x', i, names[i % 5 + 1], i * 0.37, i)
end
local sum, subs, found = 0, 0, 0
for i = 1, n do
  local line = lines[i]
  local id, name, value = line:match('^(%d+):(%a+):%s*([%d%.]+)')
  sum = (sum + tonumber(id) + #name + math.floor(tonumber(value))) % 1000000007
  local _, k = line:gsub('%d', '#')
  subs = subs + k
  if line:find('ta', 1, true) then found = found + 1 end
  if line:find(':%x+$') then found = found + 1 end
end
return string.format('format %d %d %d', sum, subs, found)
