-- lua 5.4 only: 64-bit integers: common string.format uses in programs: padding tables, percentages, money
local rows = { { 'apple', 3, 0.5 }, { 'banana', 12, 0.25 }, { 'cherry', 100, 10 } }
for _, r in ipairs(rows) do print(string.format('%-10s|%5d|%8.2f|%6.1f%%', r[1], r[2], r[3], r[3] * 10)) end
print(string.format('%3d%%', 50), string.format('%+.3e', -12345.6789), string.format('%08.3f', -3.14159))
print(string.format('%x %X %#010x', 3735928559, 48879, 255))
print(string.format('[%10.4s]', 'truncate'), string.format('%.0s', 'gone'), string.format('%c', 0):byte())
print(string.format('%s=%s', 'k', { } ~= nil), string.format('%5s|%-5s|', true, nil))
print(string.format('%.3f', 2/3), string.format('%.20g', 0.1), string.format('%g', 123456789))
print(string.format('%i', 42), string.format('%.3d', 7), string.format('% 5d', -7))
print(tostring(1e15), tostring(1e16), tostring(-1e15), 1e15 == 10^15, 2^63 == math.maxinteger + 1.0)
print(string.format('%q', 'multi\nline'), string.format('%q', '\27[1m'))
