-- line_editor: one line typed on a terminal, from key, char and paste events (docs/shell.md): cursor moves, deletions,
-- Ctrl+A/E/U/K/W/D/L, history (Up/Down) and completion (Tab); Enter ends the line, terminate (Ctrl+T) cancels it.

local keys = require('input').keys

--- The longest prefix all the strings share.
---@param list string[]
---@return string
local function common_prefix(list)
  local prefix = list[1]
  for i = 2, #list do
    local s = list[i]
    local n = 0
    while n < #prefix and n < #s and prefix:byte(n + 1) == s:byte(n + 1) do n = n + 1 end
    prefix = prefix:sub(1, n)
  end
  return prefix
end

local Editor = {}
Editor.__index = Editor

--- Draws the prompt and the line on the editor's row, scrolled sideways to keep the cursor in sight.
function Editor:draw()
  local t = self.term
  local width = t.getSize()
  local cursor = #self.prompt + self.pos
  local first = cursor >= width and cursor - width + 1 or 0
  t.setCursorPos(1, self.row)
  t.clearLine()
  t.write((self.prompt .. self.buf):sub(first + 1, first + width))
  t.setCursorPos(cursor - first + 1, self.row)
end

--- Leaves the line: shows it from its start and moves to the next row.
---@param mark? string written after the line (as '^C')
function Editor:leave(mark)
  self.pos = 0
  self:draw()
  local t = self.term
  t.setCursorPos(math.min(#self.prompt + #self.buf, t.getSize()) + 1, self.row)
  if mark then t.write(mark) end
  self.console:newline()
end

--- Replaces the text between `from` (1-based) and the cursor, and puts the cursor after it.
function Editor:replace_before(from, text)
  self.buf = self.buf:sub(1, from - 1) .. text .. self.buf:sub(self.pos + 1)
  self.pos = from - 1 + #text
end

function Editor:insert(text)
  self:replace_before(self.pos + 1, text)
end

--- Moves through the history by `step` (-1 older, +1 newer); the line being typed is kept as the newest.
function Editor:browse(step)
  local index = self.index + step
  if index < 1 or index > #self.history + 1 then return end
  if self.index == #self.history + 1 then self.draft = self.buf end
  self.index = index
  self.buf = self.history[index] or self.draft
  self.pos = #self.buf
end

--- Tab: completes the word before the cursor as far as its candidates agree; lists them when they agree no further.
function Editor:complete()
  local before = self.buf:sub(1, self.pos)
  local candidates, start = self.completer(before)
  if #candidates == 0 then return end
  local word = before:sub(start)
  local prefix = common_prefix(candidates)
  if #candidates == 1 and prefix:sub(-1) ~= '/' then prefix = prefix .. ' ' end
  if #prefix > #word then return self:replace_before(start, prefix) end
  local pos = self.pos
  self:leave()
  self.pos = pos
  self.console:write(table.concat(candidates, '  ') .. '\n')
  self.row = select(2, self.term.getCursorPos())
end

--- Ctrl with a key: the line-editing shortcuts. Returns 'eof' for Ctrl+D on an empty line.
function Editor:control(k)
  local buf, pos = self.buf, self.pos
  if k == keys.a then
    self.pos = 0
  elseif k == keys.e then
    self.pos = #buf
  elseif k == keys.u then
    self.buf, self.pos = buf:sub(pos + 1), 0
  elseif k == keys.k then
    self.buf = buf:sub(1, pos)
  elseif k == keys.w then
    self:replace_before(buf:sub(1, pos):find('%S*%s*$'), '')
  elseif k == keys.l then
    self.term.clear()
    self.row = 1
  elseif k == keys.d then
    if buf == '' then return 'eof' end
    self.buf = buf:sub(1, pos) .. buf:sub(pos + 2)
  end
end

--- A key without Ctrl. Returns 'enter' when the line is done.
function Editor:key(k)
  local buf, pos = self.buf, self.pos
  if k == keys.enter or k == keys.numPadEnter then
    return 'enter'
  elseif k == keys.left then
    self.pos = math.max(0, pos - 1)
  elseif k == keys.right then
    self.pos = math.min(#buf, pos + 1)
  elseif k == keys.home then
    self.pos = 0
  elseif k == keys['end'] then
    self.pos = #buf
  elseif k == keys.backspace then
    if pos > 0 then self:replace_before(pos, '') end
  elseif k == keys.delete then
    self.buf = buf:sub(1, pos) .. buf:sub(pos + 2)
  elseif k == keys.up then
    self:browse(-1)
  elseif k == keys.down then
    self:browse(1)
  elseif k == keys.tab then
    self:complete()
  end
end

--- Reads one line on the console's terminal, from the row the cursor is on (a fresh one).
---@param opts {console: table, prompt: string, history: string[], complete: fun(before: string): string[], integer}
---@return string|nil line the line; nil at Ctrl+D on an empty line
---@return string|nil why 'eof' or 'terminate' (the line was cancelled) when there is no line
local function read(opts)
  local console = opts.console
  console:fresh_line()
  local self = setmetatable({
    console = console, term = console.term, prompt = opts.prompt, history = opts.history, completer = opts.complete,
    buf = '', pos = 0, index = #opts.history + 1, draft = '', ctrl = false,
  }, Editor)
  self.row = select(2, self.term.getCursorPos())
  while true do
    self:draw()
    local e = os.pull()
    local done
    if e.type == 'char' and not self.ctrl then
      self:insert(e.char)
    elseif e.type == 'paste' then
      self:insert((e.text:gsub('[\r\n]+', ' ')))
    elseif e.type == 'key' and (e.key == keys.leftCtrl or e.key == keys.rightCtrl) then
      self.ctrl = true
    elseif e.type == 'key_up' and (e.key == keys.leftCtrl or e.key == keys.rightCtrl) then
      self.ctrl = false
    elseif e.type == 'key' then
      done = self.ctrl and self:control(e.key) or (not self.ctrl and self:key(e.key))
    elseif e.type == 'terminate' then
      self:leave('^C')
      return nil, 'terminate'
    elseif e.type == 'term_resize' then
      self.row = math.min(self.row, select(2, self.term.getSize()))
    end
    if done == 'enter' then
      self:leave()
      return self.buf
    elseif done == 'eof' then
      self:leave()
      return nil, 'eof'
    end
  end
end

return { read = read, common_prefix = common_prefix }
