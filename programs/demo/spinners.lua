-- spinners: three CPU-bound processes run at once; their lines interleave because the kernel
-- preempts each one every quantum. The parent waits for all of them and prints their exit codes.
local names = { 'red', 'green', 'blue' }
local pids = {}
for i, name in ipairs(names) do
  pids[i] = assert(os.run('spinner', { args = { name, 4 } }))
end
for i, pid in ipairs(pids) do
  local code, how = os.wait(pid)
  print(('%s (pid %d) %s with code %d'):format(names[i], pid, how, code))
end
