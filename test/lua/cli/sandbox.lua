-- sandbox: what the host would expose is absent, and binary chunks not dumped in the process are refused.
print(type(io.popen), type(os.execute), type(os.getenv('HOME')), type(pcall(string.dump, print) or nil), type(debug.debug), type(package.loadlib), type(loadfile('/etc/passwd')))
print(type(newproxy), type(io.open('/etc/passwd')), type(os.rename('/no/such/file', '/x')), type(os.setlocale('pt_BR')), type(setfenv), type(debug.getregistry))
-- the header of a Lua 5.4 binary chunk that string.dump did not make here: the sandbox's load must refuse it, in every mode
local BINARY = '\27Lua\84\0\25\147\13\10\26\10\4\8\8xV\0\0\0\0\0\0\0\0\0\0\0(w@\1\0'
local f, err = load(BINARY, 'binary')
print('load', f, err)
print('load b', pcall(load, BINARY, 'binary', 'b'))
