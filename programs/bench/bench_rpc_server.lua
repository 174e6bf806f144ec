-- bench_rpc_server: answers 'echo' calls on its context 0 with their first argument, for ever.
-- The server side of the RPC round-trip benchmark (`npm run bench`).
assert(os.bind(0, 'echo'))
while true do
  local call = os.pull('call')
  os.answer(call.cid, os.status.OK, call.args[1])
end
