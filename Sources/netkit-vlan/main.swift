import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(VLANPlugin())
