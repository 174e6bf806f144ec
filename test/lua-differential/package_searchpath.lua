-- package.searchpath over templates
print(package.searchpath('diff_helper', './?.lua'))
print(package.searchpath('sub.leaf', './?.lua'))
print(package.searchpath('sub/leaf', './?.lua', '/', '.'))
print(package.searchpath('nope', './?.lua;./?/init.lua'))
print(package.searchpath('sub', './?.x;./?/init.lua'))
print(pcall(package.searchpath, 'x'))
print(package.searchpath('a.b.c', '?', '.', '_'))
