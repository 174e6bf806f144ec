-- lua 5.4 only: utf8 functions and their errors
local s = 'héllo wörld €'
print(utf8.len(s), #s, utf8.char(72, 233, 8364, 128512), utf8.charpattern)
for p, c in utf8.codes('aé€') do io.write(p, ':', c, ' ') end
print()
print(utf8.codepoint(s, 1, -1))
print(utf8.offset(s, 3), utf8.offset(s, -1), utf8.offset(s, 0, 3), utf8.offset(s, 20))
print(utf8.len('\xff'), utf8.len(s, 3), pcall(utf8.len, s, 20))
print(pcall(utf8.codepoint, '\xff'))
print(pcall(utf8.offset, s, 1, 3))
print(pcall(utf8.char, -1), pcall(utf8.char, 'x'))
print(pcall(function() for _ in utf8.codes('a\xffb') do end end))
print(utf8.char(0x7FFFFFFF):byte(1, -1))
print(utf8.len('\u{7FFFFFFF}', 1, -1, true), pcall(utf8.len, '\u{7FFFFFFF}'))
print(utf8.codepoint('\u{D800}', 1, 1, true), pcall(utf8.codepoint, '\u{D800}'))
print(#utf8.char(), pcall(utf8.codepoint, 'abc', 0))
