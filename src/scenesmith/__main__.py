from scenesmith.cli import main

main()
