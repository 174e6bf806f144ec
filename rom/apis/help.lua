-- help: finds help topics: the text files in the folders of the help path (colon-separated, "/rom/help" at
-- first), each named by its file name without .txt or .md.

local expect = dofile("rom/modules/main/cc/expect.lua").expect

local help_path = "/rom/help"
local EXTENSIONS = { "", ".txt", ".md" }

--- The help path: folders separated by colons, searched in order.
---@return string
function path()
  return help_path
end

--- Replaces the help path.
---@param new_path string
function setPath(new_path)
  expect(1, new_path, "string")
  help_path = new_path
end

--- The file of a topic (the first folder of the path that has it), or nil.
---@param topic string
---@return string|nil
function lookup(topic)
  expect(1, topic, "string")
  for folder in help_path:gmatch("[^:]+") do
    local base = fs.combine(folder, topic)
    for _, extension in ipairs(EXTENSIONS) do
      local file = base .. extension
      if fs.exists(file) and not fs.isDir(file) then return file end
    end
  end
  return nil
end

--- Every topic in the help path, sorted, each once.
---@return string[]
function topics()
  local names, seen = {}, {}
  for folder in help_path:gmatch("[^:]+") do
    if fs.isDir(folder) then
      for _, file in ipairs(fs.list(folder)) do
        local name = file:gsub("%.txt$", ""):gsub("%.md$", "")
        if not seen[name] and not fs.isDir(fs.combine(folder, file)) then
          seen[name] = true
          names[#names + 1] = name
        end
      end
    end
  end
  table.sort(names)
  return names
end

--- The endings of `prefix` among the topics (for read's completion).
---@param prefix string
---@return string[]
function completeTopic(prefix)
  expect(1, prefix, "string")
  local endings = {}
  for _, name in ipairs(topics()) do
    if #name > #prefix and name:sub(1, #prefix) == prefix then endings[#endings + 1] = name:sub(#prefix + 1) end
  end
  return endings
end
