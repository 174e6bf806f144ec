-- motd: a random tip of the day from /rom/motd.txt (and /motd.txt, when there is one).

local tips = {}
for _, file in ipairs({ '/rom/motd.txt', '/motd.txt' }) do
  if fs.exists(file) and not fs.isDir(file) then
    local handle = fs.open(file, 'r')
    for line in handle.readAll():gmatch('[^\n]+') do tips[#tips + 1] = line end
    handle.close()
  end
end
if #tips > 0 then print(tips[math.random(#tips)]) end
