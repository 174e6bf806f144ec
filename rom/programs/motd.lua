-- motd: the message of the day: a greeting on some dates, else a random line of the files the motd.path setting
-- lists (colon-separated; the shell defines it: /rom/motd.txt and /motd.txt).

--- The dates (month, day) with a message of their own.
local DATED = {
  [1] = { [1] = 'Happy new year!' },
  [4] = { [28] = 'Ed Balls' },
  [10] = { [31] = 'OOoooOOOoooo! Spooky!' },
  [12] = { [24] = 'Merry X-mas!' },
}

local today = os.date('*t')
local dated = DATED[today.month] and DATED[today.month][today.day]
if dated then
  print(dated)
  return
end

local tips = {}
for file in (settings.get('motd.path') or ''):gmatch('[^:]+') do -- the shell defines the setting
  if fs.exists(file) and not fs.isDir(file) then
    local handle = fs.open(file, 'r')
    for line in handle.readAll():gmatch('[^\n]+') do tips[#tips + 1] = line end
    handle.close()
  end
end
if #tips > 0 then print(tips[math.random(#tips)]) end
