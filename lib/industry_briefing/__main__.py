from industry_briefing.cli import main

main()
