-- chat: a chat room over rednet: `chat host NAME` serves it (under the protocol "chat", found by name with
-- rednet.lookup); `chat join NAME NICK` talks in it, full screen; the host runs the commands /me /nick /users /help.

local PROTOCOL = 'chat'
local PING_EVERY = 15 -- seconds between the host's pings
local SILENT_LIMIT = 45 -- a member silent this long has gone
local LOGIN_WAIT = 5
local COMMANDS = '* Commands: /me <action>, /nick <nickname>, /users, /help, /logout'

local args = { ... }

--- The time in seconds (the real clock: os.clock counts the computer's CPU time).
local function now() return os.epoch('utc') / 1000 end

local function usage()
  print('Usages:')
  print('chat host <hostname>')
  print('chat join <hostname> <nickname>')
end

--- Opens every modem for rednet; false (having said so) when there is none.
---@return boolean
local function open_modems()
  local any = false
  for _, name in ipairs(peripheral.getNames()) do
    if peripheral.hasType(name, 'modem') then
      rednet.open(name)
      any = true
    end
  end
  if not any then printError('No modems attached') end
  return any
end

--------------------------------------------------------------------------------
-- The host: the members by computer id, each message turned into lines sent to every member
--------------------------------------------------------------------------------

---@param hostname string
local function host(hostname)
  local ok, err = pcall(rednet.host, PROTOCOL, hostname)
  if not ok then
    printError(err)
    return
  end
  local members = {} -- id → { nickname, seen }
  print('Hosting chat as ' .. hostname .. ' (Ctrl+T stops)')

  local function send(id, kind, text) rednet.send(id, { type = kind, text = text }, PROTOCOL) end
  --- A line for every member (and the host's own screen).
  local function announce(text)
    print(text)
    for id in pairs(members) do send(id, 'text', text) end
  end
  local function nickname_taken(nickname)
    for _, member in pairs(members) do
      if member.nickname == nickname then return true end
    end
    return false
  end
  local function users()
    local names = {}
    for _, member in pairs(members) do names[#names + 1] = member.nickname end
    table.sort(names)
    return '* Connected users: ' .. table.concat(names, ', ')
  end

  --- A member's line: a command, or words said to everyone.
  local function said(id, text)
    local member = members[id]
    local command, rest = text:match('^/(%S*)%s*(.-)%s*$')
    if not command then
      announce('<' .. member.nickname .. '> ' .. text)
    elseif command == 'me' then
      if rest == '' then send(id, 'text', '* Usage: /me <action>') else announce('* ' .. member.nickname .. ' ' .. rest) end
    elseif command == 'nick' then
      if rest == '' or rest:find('%s') then send(id, 'text', '* Usage: /nick <nickname>')
      elseif nickname_taken(rest) then send(id, 'text', '* The nickname ' .. rest .. ' is in use')
      else
        announce('* ' .. member.nickname .. ' is now known as ' .. rest)
        member.nickname = rest
      end
    elseif command == 'users' then send(id, 'text', users())
    elseif command == 'help' then send(id, 'text', COMMANDS)
    else send(id, 'text', '* Unrecognised command: /' .. command)
    end
  end

  local function leave(id, why)
    local member = members[id]
    members[id] = nil
    announce('* ' .. member.nickname .. ' has ' .. why)
  end

  local function message(id, m)
    if type(m) ~= 'table' then return end
    local member = members[id]
    if member then member.seen = now() end
    if m.type == 'login' and type(m.nickname) == 'string' and not member then
      if m.nickname == '' or m.nickname:find('%s') or nickname_taken(m.nickname) then
        send(id, 'kick', '* The nickname ' .. m.nickname .. ' cannot be used here')
      else
        members[id] = { nickname = m.nickname, seen = now() }
        announce('* ' .. m.nickname .. ' has joined the chat')
      end
    elseif member and m.type == 'chat' and type(m.text) == 'string' then said(id, m.text)
    elseif member and m.type == 'logout' then leave(id, 'left the chat')
    end
  end

  local timer = os.startTimer(PING_EVERY)
  while true do
    local event, p1, p2, p3 = os.pullEventRaw()
    if event == 'rednet_message' and p3 == PROTOCOL then
      message(p1, p2)
    elseif event == 'timer' and p1 == timer then
      for id, member in pairs(members) do
        if now() - member.seen > SILENT_LIMIT then leave(id, 'timed out') else send(id, 'ping') end
      end
      timer = os.startTimer(PING_EVERY)
    elseif event == 'terminate' then
      for id in pairs(members) do send(id, 'kick', '* The host has closed the chat') end
      rednet.unhost(PROTOCOL)
      print('Stopped hosting ' .. hostname)
      return
    end
  end
end

--------------------------------------------------------------------------------
-- A member: the lines so far in a window above, the line being typed on the bottom row
--------------------------------------------------------------------------------

---@param hostname string
---@param nickname string
local function join(hostname, nickname)
  print('Looking for ' .. hostname .. '...')
  local host_id = rednet.lookup(PROTOCOL, hostname)
  if not host_id then
    printError('Could not find a chat host named ' .. hostname)
    return
  end
  rednet.send(host_id, { type = 'login', nickname = nickname }, PROTOCOL)
  local from, first
  repeat from, first = rednet.receive(PROTOCOL, LOGIN_WAIT) until not from or from == host_id
  if not from or type(first) ~= 'table' then
    printError('Could not connect to ' .. hostname)
    return
  end

  local parent = term.current()
  local width, height = parent.getSize()
  parent.setBackgroundColour(colours.black)
  parent.clear()
  local lines = window.create(parent, 1, 1, width, height - 1)
  local input = window.create(parent, 1, height, width, 1) -- read scrolls only this row at each enter
  lines.setCursorPos(1, height - 1)
  local leaving = first.type == 'kick'

  local shown = false -- whether the window has a line yet: each line after the first starts a new one
  --- Writes a line on the window's bottom row (notices yellow on colour terminals), the older ones scrolled up; the
  --- cursor goes back to the typing.
  local function show(text)
    local previous = term.redirect(lines)
    if term.isColour() then term.setTextColour(text:sub(1, 2) == '* ' and colours.yellow or colours.white) end
    if shown then print() end
    write(text)
    shown = true
    term.redirect(previous)
    input.restoreCursor()
  end

  local function receive_lines()
    while not leaving do
      local id, m = rednet.receive(PROTOCOL)
      if id == host_id and type(m) == 'table' then
        if m.type == 'ping' then rednet.send(host_id, { type = 'pong' }, PROTOCOL)
        elseif type(m.text) == 'string' then show(m.text) end
        leaving = m.type == 'kick'
      end
    end
  end

  local function type_lines()
    local history = {}
    term.redirect(input)
    while true do
      input.clear()
      input.setCursorPos(1, 1)
      write('> ')
      local line = read(nil, history)
      if line:match('%S') then
        history[#history + 1] = line
        if line:match('^%s*/logout%s*$') then
          rednet.send(host_id, { type = 'logout' }, PROTOCOL)
          return
        end
        rednet.send(host_id, { type = 'chat', text = line }, PROTOCOL)
      end
    end
  end

  show(first.text)
  if not leaving then parallel.waitForAny(receive_lines, type_lines) end
  term.redirect(parent)
  parent.setCursorPos(1, height)
  parent.clearLine()
  parent.setTextColour(colours.white)
  print('Left ' .. hostname)
end

if args[1] == 'host' and args[2] then
  if open_modems() then host(args[2]) end
elseif args[1] == 'join' and args[2] and args[3] then
  if open_modems() then join(args[2], args[3]) end
else
  usage()
end
