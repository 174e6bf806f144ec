-- rom/startup.lua: what the top-level shell runs when the computer turns on: each file of /rom/autorun, then the
-- startup files of the first disk that has some (setting shell.allow_disk_startup), else the computer's own.

--- Runs every file of a folder, in name order (fs.list's); nothing when there is no such folder.
---@param folder string
local function run_folder(folder)
  if not fs.isDir(folder) then return end
  for _, name in ipairs(fs.list(folder)) do
    local file = fs.combine(folder, name)
    if not fs.isDir(file) then shell.execute('/' .. file) end
  end
end

--- The startup files at a drive's root: `startup` (a file) or `startup.lua`, and the folder `startup/`.
---@param root string
---@return string|nil file, string|nil folder
local function startup_files(root)
  local file, folder
  for _, name in ipairs({ 'startup', 'startup.lua' }) do
    local path = fs.combine(root, name)
    if not file and fs.exists(path) and not fs.isDir(path) then file = path end
  end
  local dir = fs.combine(root, 'startup')
  if fs.isDir(dir) then folder = dir end
  return file, folder
end

--- Runs a drive's startup files; false when it has none.
---@param root string
---@return boolean
local function run_startup(root)
  local file, folder = startup_files(root)
  if not file and not folder then return false end
  if file then shell.execute('/' .. file) end
  if folder then run_folder(folder) end
  return true
end

--- The mount paths of the disks in the drives, in peripheral.getNames order.
---@return string[]
local function disk_roots()
  local roots = {}
  for _, name in ipairs(peripheral.getNames()) do
    if disk.isPresent(name) and disk.hasData(name) then roots[#roots + 1] = disk.getMountPath(name) end
  end
  return roots
end

run_folder('rom/autorun')
local started = false
if settings.get('shell.allow_disk_startup') then
  for _, root in ipairs(disk_roots()) do
    started = run_startup(root)
    if started then break end
  end
end
if not started and settings.get('shell.allow_startup') then run_startup('') end
