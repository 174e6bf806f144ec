-- spinner: a CPU-bound worker that never yields on its own; the kernel preempts it.
-- Usage: spinner NAME ROUNDS — prints NAME and a round number after each million loop iterations.
local name, rounds = ...
name = name or 'spinner'
rounds = tonumber(rounds) or 5
for round = 1, rounds do
  local x = 0
  for i = 1, 1000000 do x = x + i % 7 end
  print(('%s round %d (checksum %d)'):format(name, round, x))
end
