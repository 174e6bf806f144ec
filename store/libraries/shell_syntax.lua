-- shell_syntax: the thox shell's command language (docs/shell.md): words with '...', "..." and \ quoting, $? $$ $NAME,
-- pipelines (a | b), redirections (< f, > f, >> f, data:NAME), lists (; && || &); and the word a cursor is in.

local M = {}

--- The one-character operators; '>>', '&&' and '||' are read as pairs.
local OPERATORS = { ['|'] = true, [';'] = true, ['&'] = true, ['<'] = true, ['>'] = true }
local PAIRS = { ['>>'] = true, ['&&'] = true, ['||'] = true }

--- Reads the `$` at `i`: `$?`, `$$`, `$NAME`, `${NAME}` give `{name = ...}` (expanded when the command runs);
--- a lone `$` is itself.
---@param line string
---@param i integer
---@return string|table|nil part
---@return integer|string next index, or the error
local function variable(line, i)
  local special = line:match('^[?$]', i + 1)
  if special then return { name = special }, i + 2 end
  local braced = line:match('^{([%a_][%w_]*)}', i + 1)
  if braced then return { name = braced }, i + 3 + #braced end
  if line:sub(i + 1, i + 1) == '{' then return nil, 'bad substitution: ' .. (line:match('^%${[^}]*}?', i) or '${') end
  local name = line:match('^[%a_][%w_]*', i + 1)
  if name then return { name = name }, i + 1 + #name end
  return '$', i + 1
end

--- The tokens of a line: `{kind = 'word', parts = {...}, quoted = bool}` (parts: strings and `{name = ...}`
--- variables) and `{kind = 'op', text = ...}`; `#` at a word's start begins a comment.
---@param line string
---@return table[]|nil tokens
---@return string|nil error
function M.tokens(line)
  local tokens, word, in_word, quoted, i, n = {}, {}, false, false, 1, #line
  local function finish()
    if in_word then tokens[#tokens + 1] = { kind = 'word', parts = word, quoted = quoted } end
    word, in_word, quoted = {}, false, false
  end
  local function add(s, literal)
    word[#word + 1] = s
    in_word = true
    quoted = quoted or literal
  end
  while i <= n do
    local c = line:sub(i, i)
    if c == ' ' or c == '\t' then
      finish()
      i = i + 1
    elseif c == '#' and not in_word then
      break
    elseif c == "'" then
      local j = line:find("'", i + 1, true)
      if not j then return nil, "unterminated quote: ' has no closing '" end
      add(line:sub(i + 1, j - 1), true)
      i = j + 1
    elseif c == '"' then
      add('', true)
      i = i + 1
      while true do
        if i > n then return nil, 'unterminated quote: " has no closing "' end
        local d = line:sub(i, i)
        if d == '"' then
          i = i + 1
          break
        elseif d == '\\' and line:find('^["\\$`]', i + 1) then
          add(line:sub(i + 1, i + 1))
          i = i + 2
        elseif d == '$' then
          local part, after = variable(line, i)
          if not part then return nil, after end
          add(part)
          i = after
        else
          local run = line:match('^[^"\\$]+', i) or d -- a run of plain characters is one part (a long line stays small)
          add(run)
          i = i + #run
        end
      end
    elseif c == '\\' then
      if i == n then return nil, 'nothing to escape after \\ at the end of the line' end
      add(line:sub(i + 1, i + 1), true)
      i = i + 2
    elseif c == '$' then
      local part, after = variable(line, i)
      if not part then return nil, after end
      add(part)
      i = after
    elseif OPERATORS[c] then
      finish()
      local pair = line:sub(i, i + 1)
      local op = PAIRS[pair] and pair or c
      tokens[#tokens + 1] = { kind = 'op', text = op }
      i = i + #op
    else
      local run = line:match("^[^ \t'\"\\$|;&<>]+", i) -- '#' inside a word is plain
      add(run)
      i = i + #run
    end
  end
  finish()
  return tokens
end

--- Reads one command (words and redirections) from tokens at `i`.
---@return table|nil command `{argv = {...}, input = target, output = target, append = bool}`
---@return integer|string next index, or the error
local function command(tokens, i)
  local cmd = { argv = {} }
  while tokens[i] do
    local t = tokens[i]
    if t.kind == 'word' then
      cmd.argv[#cmd.argv + 1] = t
    elseif t.text == '<' or t.text == '>' or t.text == '>>' then
      local target = tokens[i + 1]
      if not target or target.kind ~= 'word' then return nil, ("syntax error: '%s' needs a file name"):format(t.text) end
      if t.text == '<' then
        cmd.input = target
      else
        cmd.output, cmd.append = target, t.text == '>>'
      end
      i = i + 1
    else
      break
    end
    i = i + 1
  end
  if #cmd.argv == 0 then
    local near = tokens[i] and tokens[i].text or 'the end of the line'
    return nil, ("syntax error near '%s': a command is missing"):format(near)
  end
  return cmd, i
end

--- Reads a pipeline (commands joined by '|') from tokens at `i`.
---@return table|nil pipeline a list of commands
---@return integer|string next index, or the error
local function pipeline(tokens, i)
  local list = {}
  while true do
    local cmd, after = command(tokens, i)
    if not cmd then return nil, after end
    list[#list + 1] = cmd
    i = after
    if not (tokens[i] and tokens[i].text == '|') then break end
    i = i + 1
  end
  for k, cmd in ipairs(list) do
    if cmd.input and k > 1 then return nil, "syntax error: '<' after '|' (that command reads the pipe)" end
    if cmd.output and k < #list then return nil, "syntax error: '>' before '|' (that output goes down the pipe)" end
  end
  return list, i
end

--- Parses a line into its list: `{pipeline = {...}, background = bool, after = ';' | '&&' | '||'}` each, where
--- `after` says when it runs after the one before (always, on success, on failure). A blank line is `{}`.
---@param line string
---@return table[]|nil list
---@return string|nil error
function M.parse(line)
  local tokens, err = M.tokens(line)
  if not tokens then return nil, err end
  local list, i, after = {}, 1, ';'
  while tokens[i] do
    local p, nexti = pipeline(tokens, i)
    if not p then return nil, nexti end
    local item = { pipeline = p, after = after }
    list[#list + 1] = item
    local sep = tokens[nexti]
    if not sep then break end
    item.background = sep.text == '&'
    if sep.text == '&' or sep.text == ';' then
      after = ';'
    elseif sep.text == '&&' or sep.text == '||' then
      after = sep.text
      if not tokens[nexti + 1] then return nil, ("syntax error: '%s' at the end of the line"):format(sep.text) end
    end
    i = nexti + 1
  end
  return list
end

--- A word's text, its variables replaced by their values (`lookup`); nil for an unquoted word that expands to
--- nothing (it is dropped, as in sh).
---@param word table
---@param lookup fun(name: string): string|nil
---@return string|nil
local function expand(word, lookup)
  local parts = {}
  for i, part in ipairs(word.parts) do parts[i] = type(part) == 'table' and (lookup(part.name) or '') or part end
  local text = table.concat(parts)
  if text == '' and not word.quoted then return nil end
  return text
end

--- A command as it runs: its words (`argv`), `input` and `output` expanded by `lookup`, when it runs (so `$?`
--- is the status of the command before it).
---@param cmd table
---@param lookup fun(name: string): string|nil
---@return table
function M.expand(cmd, lookup)
  local argv = {}
  for _, word in ipairs(cmd.argv) do argv[#argv + 1] = expand(word, lookup) end
  local input = cmd.input and (expand(cmd.input, lookup) or '')
  local output = cmd.output and (expand(cmd.output, lookup) or '')
  return { argv = argv, input = input, output = output, append = cmd.append }
end

--- The word a cursor ends (the text before it): where it starts, and whether it names a command (the first word
--- of a pipeline). Quotes are not looked into.
---@param before string
---@return integer start
---@return boolean command
function M.word_at(before)
  local start = #before + 1
  while start > 1 and not before:sub(start - 1, start - 1):find('[%s|;&<>]') do start = start - 1 end
  local rest = before:sub(1, start - 1):gsub('%s+$', '')
  return start, rest == '' or rest:find('[|;&]$') ~= nil
end

return M
