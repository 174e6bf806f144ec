-- memory_child: a child process exhausts its memory; the parent collects its status and keeps running.
local pid = assert(os.run_code([[
local t = {}
local i = 0
while true do i = i + 1; t[i] = ('x'):rep(100) .. i end
]], { name = 'hog' }))
local code, how, message = os.wait(pid)
print('child', code, how, message)
local sum = 0
for i = 1, 100000 do sum = sum + i end
print('parent still running', sum)
