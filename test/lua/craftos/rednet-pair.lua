-- Two computers over rednet, each with two wireless modems (top, bottom): computer 1 hosts "echo" as "beta" and
-- answers; computer 0 finds it by name, sends to it, broadcasts, and prints what comes back. Every message reaches
-- computer 1 four times (two modems each side): rednet delivers it once.

--- Runs two functions over the events until either ends (as parallel.waitForAny).
local function both(a, b)
  local cos, filters, event = { coroutine.create(a), coroutine.create(b) }, {}, { n = 0 }
  while true do
    for i, co in ipairs(cos) do
      if filters[i] == nil or filters[i] == event[1] or event[1] == "terminate" then
        local ok, filter = coroutine.resume(co, table.unpack(event, 1, event.n))
        if not ok then error(filter, 0) end
        if coroutine.status(co) == "dead" then return end
        filters[i] = filter
      end
    end
    event = table.pack(os.pullEventRaw())
  end
end

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
both(os.getComputerID() == 0 and client or server, rednet.run)
