-- lua 5.4 only: 64-bit integers: nan and inf printing, float keys normalised, integer-valued floats, string comparisons
print(0/0, -(0/0), 1/0, -1/0, math.huge // 1, 2^1023 * 2)
print(string.format('%.1f %5.1f %g', 0/0, 1/0, -(0/0)))
local t = {}
t[1.0] = 'one'; t[2^53] = 'big'
print(t[1], math.type(next(t)), t[2^53 | 0])
print(3 == 3.0, '10' == 10, 'a' < 'b', 'Z' < 'a', 'abc' < 'abd', '' < 'a', 'a\0b' < 'a\0c')
print(1e308 * 10 == math.huge, -0.0 == 0.0, 1/(-0.0), math.abs(-0.0))
print(7 // 0.0, -7 // 0.0, 0/0 ~= 0/0, math.max(0/0, 1), math.min(1, 0/0))
print(string.format('%d', -0), 0x10p2, 0xA.8p0, 1e-320 > 0, 5 // 2 * 2 + 5 % 2)
print(100000000000000, 1e14, 123e-7, 2^-1074 > 0, 9007199254740992 + 1.0)
