-- lua 5.4 only: integer division, overflow wrap-around, shifts, comparisons int/float
print(7 // 2, -7 // 2, 7 // -2, 7.0 // 2, -7 % 2, 2^2, 10 / 2)
print(math.maxinteger * 2, math.mininteger - 1, -math.mininteger)
print(1 << 63, 1 << 64, -1 >> 1, 1 << -1, 5 & 3, 5 | 3, 5 ~ 3, ~0)
print(2^53 == 2^53 + 1, math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63)
print(1 == 1.0, math.type(3 // 1), math.type(3 / 1), 0x7fffffffffffffff + 1)
print(0xffffffffffffffff, 0x10000000000000000, 9007199254740993)
print(pcall(function() return 1 << 1.5 end))
print(pcall(function() return 'a' | 1 end))
print(pcall(function() return {} // 1 end))
print(-2^63 == math.mininteger, 2^63 == math.maxinteger + 1.0, math.mininteger < -2^63)
for _, v in ipairs({ 1, 1.0, -0.0, 2^31, 2^31 | 0 }) do io.write(math.type(v), ' ', v, '; ') end
print()
