-- classes with inheritance, tostring, errors from methods with self missing
local Account = {}
Account.__index = Account
function Account.new(owner, balance)
  return setmetatable({ owner = owner, balance = balance or 0 }, Account)
end
function Account:deposit(v)
  if type(v) ~= 'number' then error('deposit expects a number, got ' .. type(v), 2) end
  self.balance = self.balance + v
  return self
end
function Account:__tostring() return ('Account(%s, %d)'):format(self.owner, self.balance) end
local Savings = setmetatable({}, { __index = Account })
Savings.__index = Savings
Savings.__tostring = Account.__tostring
function Savings.new(owner, rate)
  local s = Account.new(owner)
  s.rate = rate
  return setmetatable(s, Savings)
end
function Savings:interest() return self.balance * self.rate end
local a = Account.new('ann', 10):deposit(5)
local s = Savings.new('bob', 0.5):deposit(100)
print(tostring(a), tostring(s), s:interest())
print(pcall(a.deposit, a, 'x'))
print(pcall(function() a:deposit('x') end))
print(pcall(function() a.deposit(5) end))
print(pcall(function() return a:withdraw(1) end))
print(getmetatable(s) == Savings, getmetatable(Savings).__index == Account, rawget(s, 'deposit'))
