-- CraftOS's rednet API: messages between computers by id over modem peripherals (each computer listens on the
-- channel of its id and on the broadcast channel), protocols, and name lookup (docs/craftos/libraries-b.md).

local expect = dofile("rom/modules/main/cc/expect.lua").expect

CHANNEL_BROADCAST = 65535
CHANNEL_REPEAT = 65533
MAX_ID_CHANNELS = 65500

local LOOKUP_TIMEOUT = 2 -- seconds a lookup listens for answers
local MESSAGE_MEMORY = 9.5 -- seconds a message id is remembered, to drop its copies

local received_messages = {} -- message id -> os.clock() until which copies are dropped
local prune_received_timer = nil -- the timer at which received_messages forgets old ids (none while it is empty)
local hosted = {} -- protocol -> this computer's hostname
local running = false

--- The channel a computer listens on (this one's by default).
---@param id? number
---@return number
local function id_channel(id)
  return (id or os.getComputerID()) % MAX_ID_CHANNELS
end

--- Checks that `name` is a modem, or raises `No such modem` at the caller's caller.
local function check_modem(name)
  if peripheral.getType(name) ~= "modem" then error("No such modem: " .. name, 3) end
end

--- Opens `modem` for rednet: its id channel and the broadcast channel.
---@param modem string
function open(modem)
  expect(1, modem, "string")
  check_modem(modem)
  peripheral.call(modem, "open", id_channel())
  peripheral.call(modem, "open", CHANNEL_BROADCAST)
end

--- Closes rednet's channels on `modem`, or on every modem.
---@param modem? string
function close(modem)
  expect(1, modem, "string", "nil")
  if modem then
    check_modem(modem)
    peripheral.call(modem, "close", id_channel())
    peripheral.call(modem, "close", CHANNEL_BROADCAST)
  else
    for _, name in ipairs(peripheral.getNames()) do
      if peripheral.getType(name) == "modem" then close(name) end
    end
  end
end

--- Whether `modem` (or any modem) is open for rednet.
---@param modem? string
---@return boolean
function isOpen(modem)
  expect(1, modem, "string", "nil")
  if modem then
    return peripheral.getType(modem) == "modem"
      and peripheral.call(modem, "isOpen", id_channel())
      and peripheral.call(modem, "isOpen", CHANNEL_BROADCAST)
  end
  for _, name in ipairs(peripheral.getNames()) do
    if isOpen(name) then return true end
  end
  return false
end

--- Remembers a message id, to drop its copies for a while; a timer will forget it.
---@param id number
local function remember(id)
  received_messages[id] = os.clock() + MESSAGE_MEMORY
  if not prune_received_timer then prune_received_timer = os.startTimer(MESSAGE_MEMORY) end
end

--- Forgets the message ids past their memory (at the prune timer); the timer runs again while some are left.
local function forget_old()
  local now = os.clock()
  for id, until_time in pairs(received_messages) do
    if until_time <= now then received_messages[id] = nil end
  end
  prune_received_timer = next(received_messages) ~= nil and os.startTimer(MESSAGE_MEMORY) or nil
end

--- Sends `message` to the computer `recipient` (or every one, with CHANNEL_BROADCAST) under `protocol`.
--- Answers whether it went out on some modem (a message to oneself is always delivered).
---@param recipient number
---@param message any
---@param protocol? string
---@return boolean
function send(recipient, message, protocol)
  expect(1, recipient, "number")
  expect(3, protocol, "string", "nil")
  local me = os.getComputerID()
  -- random as in CraftOS, and distinct between computers (seeded alike under --deterministic)
  local id = math.random(1, 2147483647) * MAX_ID_CHANNELS + me % MAX_ID_CHANNELS
  remember(id)
  if recipient == me then
    os.queueEvent("rednet_message", me, message, protocol)
    return true
  end
  local packet = { nMessageID = id, nRecipient = recipient, nSender = me, message = message, sProtocol = protocol }
  local channel = recipient == CHANNEL_BROADCAST and CHANNEL_BROADCAST or id_channel(recipient)
  local sent = false
  for _, name in ipairs(peripheral.getNames()) do
    if isOpen(name) then
      peripheral.call(name, "transmit", channel, id_channel(), packet)
      peripheral.call(name, "transmit", CHANNEL_REPEAT, id_channel(), packet)
      sent = true
    end
  end
  return sent
end

--- Sends `message` to every computer in range.
---@param message any
---@param protocol? string
function broadcast(message, protocol)
  expect(2, protocol, "string", "nil")
  send(CHANNEL_BROADCAST, message, protocol)
end

--- Waits for a rednet message (of `protocol`, when given) for at most `timeout` seconds (forever by default).
--- Answers the sender's id, the message and its protocol, or nil at the timeout. `receive(timeout)` works too.
---@param protocol? string
---@param timeout? number
---@return number|nil sender
---@return any message
---@return string|nil protocol
function receive(protocol, timeout)
  if type(protocol) == "number" and timeout == nil then protocol, timeout = nil, protocol end
  expect(1, protocol, "string", "nil")
  expect(2, timeout, "number", "nil")
  local timer = timeout and os.startTimer(timeout)
  while true do
    local event, a, b, c = os.pullEvent()
    if event == "rednet_message" and (protocol == nil or protocol == c) then
      if timer then os.cancelTimer(timer) end
      return a, b, c
    elseif event == "timer" and a == timer then
      return nil
    end
  end
end

--- Answers the ids of the computers hosting `protocol` (all of them, or the one named `hostname`, else nil),
--- asking every computer in range and listening for two seconds (a named host ends the wait when it answers).
---@param protocol string
---@param hostname? string
---@return number ...
function lookup(protocol, hostname)
  expect(1, protocol, "string")
  expect(2, hostname, "string", "nil")
  local found = {}
  local me = os.getComputerID()
  if hosted[protocol] then
    if hostname == nil then
      found[1] = me
    elseif hostname == "localhost" or hostname == hosted[protocol] then
      return me
    end
  end
  if not isOpen() then
    if hostname then return nil end
    return table.unpack(found)
  end
  broadcast({ sType = "lookup", sProtocol = protocol, sHostname = hostname }, "dns")
  local timer = os.startTimer(LOOKUP_TIMEOUT)
  while true do
    local event, sender, answer, answer_protocol = os.pullEvent()
    if event == "rednet_message" and answer_protocol == "dns" and type(answer) == "table"
      and answer.sType == "lookup response" and answer.sProtocol == protocol then
      if hostname == nil then
        found[#found + 1] = sender
      elseif answer.sHostname == hostname then
        os.cancelTimer(timer)
        return sender
      end
    elseif event == "timer" and sender == timer then
      break
    end
  end
  if hostname then return nil end
  return table.unpack(found)
end

--- Makes this computer answer lookups of `protocol` under `hostname`; a name another computer hosts is refused.
---@param protocol string
---@param hostname string
function host(protocol, hostname)
  expect(1, protocol, "string")
  expect(2, hostname, "string")
  if hostname == "localhost" then error("Reserved hostname", 2) end
  if hosted[protocol] ~= hostname then
    if lookup(protocol, hostname) then error("Hostname in use", 2) end
    hosted[protocol] = hostname
  end
end

--- Stops hosting `protocol`.
---@param protocol string
function unhost(protocol)
  expect(1, protocol, "string")
  hosted[protocol] = nil
end

--- Whether a modem message is a rednet packet for this computer.
local function is_packet(side, channel, packet)
  return (channel == id_channel() or channel == CHANNEL_BROADCAST)
    and type(packet) == "table" and type(packet.nMessageID) == "number"
    and (packet.nRecipient == os.getComputerID() or packet.nRecipient == CHANNEL_BROADCAST)
    and isOpen(side)
end

--- Answers a lookup of a protocol this computer hosts.
local function answer_lookup(sender, question)
  local name = hosted[question.sProtocol]
  if name and (question.sHostname == nil or question.sHostname == name) then
    send(sender, { sType = "lookup response", sProtocol = question.sProtocol, sHostname = name }, "dns")
  end
end

--- The rednet daemon: turns modem messages into `rednet_message` events (each message once) and answers lookups.
--- CraftOS runs it beside the shell; it never returns. The bios resumes its daemon only with the two events it acts
--- on (DAEMON_EVENTS in runtimes/craftos.events.lua): a new one here must be added there.
function run()
  if running then error("rednet is already running", 2) end
  running = true
  while true do
    local event, a, b, c, d = os.pullEventRaw()
    if event == "modem_message" and is_packet(a, b, d) and not received_messages[d.nMessageID] then
      local packet = d
      remember(packet.nMessageID)
      os.queueEvent("rednet_message", packet.nSender or c, packet.message, packet.sProtocol)
    elseif event == "timer" and a == prune_received_timer then
      forget_old()
    elseif event == "rednet_message" and c == "dns" and type(b) == "table" and b.sType == "lookup" then
      answer_lookup(a, b)
    end
  end
end
