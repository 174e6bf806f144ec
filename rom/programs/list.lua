-- list (ls, dir): the files and folders of a folder (the current one by default) in columns, folders in green and
-- files in white on a colour terminal; names starting with "." only with the list.show_hidden setting.

local args = { ... }
local folder = shell.resolve(args[1] or '.')
if not fs.isDir(folder) then
  printError('Not a directory')
  return
end

local show_hidden = settings.get('list.show_hidden')
local folders, files = {}, {}
for _, name in ipairs(fs.list(folder)) do
  if show_hidden or name:sub(1, 1) ~= '.' then
    local list = fs.isDir(fs.combine(folder, name)) and folders or files
    list[#list + 1] = name
  end
end
table.sort(folders)
table.sort(files)
if term.isColour() then
  textutils.pagedTabulate(colours.green, folders, colours.white, files)
else
  textutils.pagedTabulate(folders, files)
end
