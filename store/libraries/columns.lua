-- columns: rows of cells as aligned text columns (the tables ps, top, store and log print), and byte counts
-- in short units.

--- Rows as lines, each column as wide as its widest cell, two spaces apart; the last column is not padded.
---@param rows string[][]
---@param opts? {right?: boolean[]} columns aligned to the right
---@return string
local function format(rows, opts)
  local right = opts and opts.right or {}
  local widths = {}
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row) do widths[i] = math.max(widths[i] or 0, #cell) end
  end
  local lines = {}
  for _, row in ipairs(rows) do
    local cells = {}
    for i, cell in ipairs(row) do
      local pad = (' '):rep(widths[i] - #cell)
      if right[i] then
        cells[i] = pad .. cell
      else
        cells[i] = i == #row and cell or cell .. pad
      end
    end
    lines[#lines + 1] = table.concat(cells, '  ')
  end
  return table.concat(lines, '\n')
end

--- A byte count in short units: 512B, 3.5K, 12M.
---@param n integer
---@return string
local function bytes(n)
  if n < 1024 then return n .. 'B' end
  local units, i = { 'K', 'M', 'G' }, 1
  n = n / 1024
  while n >= 1024 and i < #units do
    n, i = n / 1024, i + 1
  end
  return (n < 10 and ('%.1f%s') or ('%.0f%s')):format(n, units[i])
end

return { format = format, bytes = bytes }
