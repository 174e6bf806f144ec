-- cc.pretty: a pretty printer. Documents (text, lines that may become spaces, nesting and groups) are laid out
-- to fit a width, Wadler-style; pretty() turns any Lua value into a document and pretty_print shows it.

local expect_module = require("cc.expect")
local expect, field = expect_module.expect, expect_module.field

local Doc = { __name = "doc" }

--- Whether `v` is a document.
local function is_doc(v) return getmetatable(v) == Doc end

local function make(t) return setmetatable(t, Doc) end

--- The empty document.
local empty = make({ tag = "empty" })
--- A single space.
local space = make({ tag = "text", text = " " })
--- A line break, or nothing when its group fits on one line.
local line = make({ tag = "line", flat = "" })
--- A line break, or a space when its group fits on one line.
local space_line = make({ tag = "line", flat = " " })

--- The documents one after another, as concat makes them (none: empty; one: itself).
---@param parts table a packed list of documents
---@return table
local function joined(parts)
  if parts.n == 0 then return empty end
  if parts.n == 1 then return parts[1] end
  return make({ tag = "concat", n = parts.n, table.unpack(parts, 1, parts.n) })
end

--- A document of plain text (in `colour`, a colors value, when written to the terminal). Each newline in it is a
--- line break that is a space when its group fits on one line (space_line); "", " " and "\n" are the constants.
---@param str string
---@param colour? integer
---@return table
local function text(str, colour)
  expect(1, str, "string")
  expect(2, colour, "number", "nil")
  if colour == nil and str == "" then return empty end
  if colour == nil and str == " " then return space end
  if not str:find("\n", 1, true) then return make({ tag = "text", text = str, colour = colour }) end
  local parts, first = { n = 0 }, true
  for piece in (str .. "\n"):gmatch("(.-)\n") do
    if not first then parts.n, parts[parts.n + 1] = parts.n + 1, space_line end
    if piece ~= "" then parts.n, parts[parts.n + 1] = parts.n + 1, make({ tag = "text", text = piece, colour = colour }) end
    first = false
  end
  return joined(parts)
end

--- The documents (or strings) one after another.
---@param ... table|string
---@return table
local function concat(...)
  local parts = table.pack(...)
  for i = 1, parts.n do
    local part = parts[i]
    if type(part) == "string" then
      parts[i] = text(part)
    elseif not is_doc(part) then
      expect(i, part, "document") -- raises: "document expected", as the caller called concat
    end
  end
  return joined(parts)
end

Doc.__concat = concat

--- The document with each of its line breaks indented `depth` more spaces.
---@param depth integer
---@param doc table
---@return table
local function nest(depth, doc)
  expect(1, depth, "number")
  if not is_doc(doc) then expect(2, doc, "document") end
  if depth < 1 then error("bad argument #1 to 'nest' (depth must be a positive number)", 2) end
  return make({ tag = "nest", depth = depth, doc = doc })
end

--- The document laid out on one line if it fits there, with its breaks broken otherwise.
---@param doc table
---@return table
local function group(doc)
  if not is_doc(doc) then expect(1, doc, "document") end
  -- a group is grouped once; text has no line to break
  if doc.tag == "group" or doc.tag == "text" or doc.tag == "empty" then return doc end
  return make({ tag = "group", doc = doc })
end

---------------------------------------------------------------------------------------------------------------
-- Layout
---------------------------------------------------------------------------------------------------------------

--- Whether `first` laid out flat, followed by the documents on `stack` (from index `top` down, each in its own
--- mode), fits in `room` columns up to the first line break that breaks.
local function fits(room, first, stack, top)
  local work = { { flat = true, doc = first } }
  while room >= 0 do
    local item = table.remove(work)
    if not item then
      if top < 1 then return true end
      item, top = stack[top], top - 1
    end
    local doc = item.doc
    local tag = doc.tag
    if tag == "text" then
      room = room - #doc.text
    elseif tag == "line" then
      if not item.flat then return true end
      if doc.flat == nil then return false end
      room = room - #doc.flat
    elseif tag == "concat" then
      for i = doc.n, 1, -1 do work[#work + 1] = { flat = item.flat, doc = doc[i] } end
    elseif tag == "nest" or tag == "group" then
      work[#work + 1] = { flat = item.flat, doc = doc.doc }
    end
  end
  return false
end

--- Lays `doc` out in `width` columns, with at most `ribbon` non-indent characters a line; calls emit(text, colour)
--- for each piece of text and emit("\n" .. indentation) for each line break.
local function layout(doc, width, ribbon, emit)
  local stack = { { indent = 0, flat = false, doc = doc } }
  local column, line_indent = 0, 0
  while #stack > 0 do
    local item = table.remove(stack)
    local d = item.doc
    local tag = d.tag
    if tag == "text" then
      emit(d.text, d.colour)
      column = column + #d.text
    elseif tag == "line" then
      if item.flat and d.flat then
        emit(d.flat)
        column = column + #d.flat
      else
        emit("\n" .. (" "):rep(item.indent))
        column, line_indent = item.indent, item.indent
      end
    elseif tag == "concat" then
      for i = d.n, 1, -1 do stack[#stack + 1] = { indent = item.indent, flat = item.flat, doc = d[i] } end
    elseif tag == "nest" then
      stack[#stack + 1] = { indent = item.indent + d.depth, flat = item.flat, doc = d.doc }
    elseif tag == "group" then
      local room = math.min(width - column, ribbon - (column - line_indent))
      local flat = item.flat or fits(room, d.doc, stack, #stack)
      stack[#stack + 1] = { indent = item.indent, flat = flat, doc = d.doc }
    end
  end
end

--- The ribbon width (most non-indent characters a line) of a width and a ribbon fraction (0 to 1, default 0.6),
--- the fraction being argument `index` of function `name`.
local function ribbon_of(width, ribbon_frac, index, name)
  local frac = ribbon_frac or 0.6
  if frac < 0 or frac > 1 then
    error(("bad argument #%d to '%s' (ribbon fraction must be between 0 and 1)"):format(index, name), 3)
  end
  return math.max(1, math.floor(width * frac))
end

--- The document as a string laid out in `width` columns (default: unlimited).
---@param doc table
---@param width? integer
---@param ribbon_frac? number
---@return string
local function render(doc, width, ribbon_frac)
  if not is_doc(doc) then expect(1, doc, "document") end
  expect(2, width, "number", "nil")
  expect(3, ribbon_frac, "number", "nil")
  local out = {}
  local w = width or math.huge
  local ribbon = width and ribbon_of(width, ribbon_frac, 3, "render") or math.huge
  layout(doc, w, ribbon, function(s) out[#out + 1] = s end)
  return table.concat(out)
end

--- A document's text is its rendering on one unlimited line (tostring(doc)).
Doc.__tostring = function(doc) return render(doc) end

--- Writes the document to the terminal, laid out in its width, each text in its colour.
---@param doc table
---@param ribbon_frac? number
local function write_doc(doc, ribbon_frac)
  if not is_doc(doc) then expect(1, doc, "document") end
  expect(2, ribbon_frac, "number", "nil")
  local width = term.getSize()
  local ribbon = ribbon_of(width, ribbon_frac, 2, "write")
  local normal = term.getTextColour()
  layout(doc, width, ribbon, function(s, colour)
    if s:sub(1, 1) == "\n" then
      print()
      write(s:sub(2))
    else
      term.setTextColour(colour or normal)
      write(s)
    end
  end)
  term.setTextColour(normal)
end

--- write, then a new line.
---@param doc table
---@param ribbon_frac? number
local function print_doc(doc, ribbon_frac)
  write_doc(doc, ribbon_frac)
  print()
end

---------------------------------------------------------------------------------------------------------------
-- Values as documents
---------------------------------------------------------------------------------------------------------------

local KEYWORDS = {}
for word in ([[and break do else elseif end false for function goto if in local nil not or repeat return then
  true until while]]):gmatch("%a+") do KEYWORDS[word] = true end

--- A number as CC shows it (integers exactly, floats with 14 significant digits).
local function number_text(n)
  if math.type(n) == "integer" then return tostring(n) end
  if n ~= n then return "nan" end
  if n == math.huge or n == -math.huge then return n > 0 and "inf" or "-inf" end
  return ("%.14g"):format(n)
end

--- Orders keys: numbers before strings before others, each kind by value (others by their text).
local function key_before(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

--- A function's text: its address, or with options its parameters or where it was defined.
local function function_doc(f, options)
  local info = debug and debug.getinfo and debug.getinfo(f, "Su")
  if info and options.function_args and info.what ~= "C" then
    local names = {}
    for i = 1, info.nparams do names[i] = debug.getlocal(f, i) end
    if info.isvararg then names[#names + 1] = "..." end
    return text(tostring(f) .. "(" .. table.concat(names, ", ") .. ")", colors.lightGray)
  end
  if info and options.function_source and info.what ~= "C" then
    return text(("function<%s:%d>"):format(info.short_src, info.linedefined), colors.lightGray)
  end
  return text(tostring(f), colors.lightGray)
end

local value_doc

--- A table as `{ entries }`: on one line when it fits, else one entry a line.
local function table_doc(t, options, seen)
  if seen[t] then return text(tostring(t), colors.lightGray) end
  seen[t] = true
  local n = #t
  local keys = {}
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, key_before)
  local entries = {}
  for i = 1, n do entries[#entries + 1] = value_doc(t[i], options, seen) end
  for _, k in ipairs(keys) do
    local key
    if type(k) == "string" and not KEYWORDS[k] and k:match("^[%a_][%w_]*$") then
      key = text(k .. " = ")
    else
      key = concat("[", value_doc(k, options, seen), "] = ")
    end
    entries[#entries + 1] = concat(key, value_doc(t[k], options, seen))
  end
  seen[t] = nil
  if #entries == 0 then return text("{}") end
  local body = { space_line }
  for i, entry in ipairs(entries) do
    if i > 1 then body[#body + 1] = concat(",", space_line) end
    body[#body + 1] = entry
  end
  return group(concat("{", nest(2, concat(table.unpack(body))), space_line, "}"))
end

function value_doc(v, options, seen)
  local kind = type(v)
  if kind == "table" and not is_doc(v) then return table_doc(v, options, seen) end
  if kind == "string" then return text((("%q"):format(v):gsub("\\\n", "\\n")), colors.red) end
  if kind == "number" then return text(number_text(v), colors.magenta) end
  if kind == "function" then return function_doc(v, options) end
  return text(tostring(v), colors.lightGray)
end

--- A document showing any Lua value: tables as `{ 1, 2, key = value }` (nested tables too), strings quoted.
---@param obj any
---@param options? { function_args?: boolean, function_source?: boolean }
---@return table
local function pretty(obj, options)
  expect(2, options, "table", "nil")
  options = options or {}
  field(options, "function_args", "boolean", "nil")
  field(options, "function_source", "boolean", "nil")
  return value_doc(obj, options, {})
end

--- Prints pretty(obj, options) on the terminal.
---@param obj any
---@param options? { function_args?: boolean, function_source?: boolean }
---@param ribbon_frac? number
local function pretty_print(obj, options, ribbon_frac)
  print_doc(pretty(obj, options), ribbon_frac)
end

return {
  empty = empty,
  space = space,
  line = line,
  space_line = space_line,
  text = text,
  concat = concat,
  nest = nest,
  group = group,
  render = render,
  write = write_doc,
  print = print_doc,
  pretty = pretty,
  pretty_print = pretty_print,
}
