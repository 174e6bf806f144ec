-- sandbox: what the host would expose is absent (os.setlocale knows only the C locale), and binary chunks are refused.
print(type(io.popen), type(os.execute), type(os.getenv('HOME')), type(string.dump), type(debug.debug), type(package.loadlib), type(dofile))
print(type(loadfile), type(io.open('/etc/passwd')), type(os.rename('/tmp', '/x')), type(os.setlocale('en_US.UTF-8')), type(setfenv), type(debug.getregistry))
-- the header of a Lua 5.4 binary chunk: the sandbox's load must refuse it (text only), in every mode
local BINARY = '\27Lua\84\0\25\147\13\10\26\10\4\8\8xV\0\0\0\0\0\0\0\0\0\0\0(w@\1\0'
local f, err = load(BINARY, 'binary')
print('load', f, err)
print('load b', pcall(load, BINARY, 'binary', 'b'))
