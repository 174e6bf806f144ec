-- sleep_forever: sleeps 100 s at a time, forever (only virtual time makes a timeout quick).
while true do os.sleep(100) end
