-- kv_client: starts the kvd service on a context of its own, watches its changes from a second task,
-- and uses it through os.rpc — the working example of docs/contexts.md.
local ctx = os.context()
local kvd = assert(os.run('kvd', { context = ctx }))
os.yield() -- let the daemon bind its calls before the first one

local watcher = os.spawn(function()
  assert(os.listen(ctx, 'changed'))
  for _ = 1, 2 do
    local m = os.pull('message')
    print(('watch: %s = %s'):format(m.value.key, tostring(m.value.value)))
  end
end)
os.yield() -- let the watcher subscribe

local kv = os.rpc(ctx, { timeout = 5 })
local waiter = os.spawn(function() print('watch(colour) answered: ' .. kv.watch('colour')) end)
os.yield() -- let the waiter's watch call arrive first
kv.set('colour', 'green')
kv.set('size', 42)
print('colour is ' .. kv.get('colour'))
print('keys: ' .. table.concat(kv.keys(), ', '))
print(pcall(kv.set, 7, 'x'))

os.join(watcher)
os.join(waiter)
os.kill(kvd)
