-- a word-frequency program over standard input, sorted output, io.stderr for a summary
local counts, total = {}, 0
for line in io.lines() do
  for word in line:lower():gmatch('%a+') do
    counts[word] = (counts[word] or 0) + 1
    total = total + 1
  end
end
local words = {}
for w in pairs(counts) do words[#words + 1] = w end
table.sort(words, function(a, b) if counts[a] ~= counts[b] then return counts[a] > counts[b] end return a < b end)
for i = 1, math.min(5, #words) do print(('%-8s %3d'):format(words[i], counts[words[i]])) end
io.stderr:write(('%d words, %d distinct\n'):format(total, #words))
