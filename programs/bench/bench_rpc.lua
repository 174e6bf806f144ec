-- bench_rpc: N RPC round trips (os.call + os.pull of the answer) to a bench_rpc_server child, or, with
-- 'native' as the second argument, N calls to the kernel's timer.now on the root context.
local n, target = tonumber((...)) or 10000, select(2, ...)
local ctx, server = 0, nil
local name = 'timer.now'
if target ~= 'native' then
  ctx = os.context()
  server = assert(os.run('bench_rpc_server', { context = ctx }))
  os.yield() -- let the server bind
  name = 'echo'
end
for i = 1, n do
  local cid = os.call(ctx, name, i)
  local answer = os.pull({ type = 'answer', cid = cid })
  if answer.status ~= os.status.OK then error('call failed: ' .. tostring(answer.args[1])) end
end
if server then os.kill(server) end
