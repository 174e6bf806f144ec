-- Two computers over rednet, each with two wireless modems (top, bottom): computer 1 hosts "echo" as "beta" and
-- answers; computer 0 finds it by name, sends to it, broadcasts, and prints what comes back. Every message reaches
-- computer 1 four times (two modems each side): rednet delivers it once.

local function client()
  sleep(3) -- host() first asks for two seconds whether another computer has the name
  local id = rednet.lookup("echo", "beta")
  print("found beta:", id)
  print("sent:", rednet.send(id, "hello", "echo"))
  print("got:", rednet.receive("echo", 5))
  rednet.broadcast("news for all", "news")
  print("got:", rednet.receive("echo", 5))
  rednet.send(id, "stop", "echo")
end

--- Answers a message after counting the copies that come in the next second (rednet drops them: 0).
local function server_answer(from, message, protocol)
  local copies = 0
  local timer = os.startTimer(1)
  while true do
    local event, a, b = os.pullEvent()
    if event == "timer" and a == timer then break end
    if event == "rednet_message" and b == message then copies = copies + 1 end
  end
  rednet.send(from, ("%s (%s, %d more)"):format(message, protocol, copies), "echo")
end

local function server()
  rednet.host("echo", "beta")
  while true do
    local from, message, protocol = rednet.receive()
    if message == "stop" then return end
    if protocol ~= "dns" then -- lookups are rednet.run's to answer
      server_answer(from, message, protocol)
    end
  end
end

rednet.open("top")
rednet.open("bottom")
-- no rednet.run here: the runtime runs it beside the program, as CraftOS beside its shell
if os.getComputerID() == 0 then client() else server() end
