import "./zk";
import "./wallet";
import "./deploy";
import "./participant";
import "./coordinator";
import "./gov";
import "./slash";
import "./model";
