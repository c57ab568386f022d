import type {
  AllocateCidrRequest,
  IIpAddresses,
  SubnetIpamOptions,
  VpcIpamOptions,
} from "aws-cdk-lib/aws-ec2";

/**
 * Gives every subnet of an `ec2.Vpc` the CIDR the specification names for it, instead of the
 * consecutive blocks CDK would carve out (which would interleave tiers differently from the spec).
 * The L2 VPC keeps building route tables, NAT gateways and the internet gateway.
 */
export class ExplicitSubnetCidrs implements IIpAddresses {
  constructor(
    private readonly vpcCidr: string,
    private readonly availabilityZones: readonly string[],
    /** Subnet group name -> one CIDR per availability zone, in `availabilityZones` order. */
    private readonly cidrsBySubnetGroup: Readonly<Record<string, readonly string[]>>,
  ) {}

  allocateVpcCidr(): VpcIpamOptions {
    return { cidrBlock: this.vpcCidr };
  }

  allocateSubnetsCidr(input: AllocateCidrRequest): SubnetIpamOptions {
    return {
      allocatedSubnets: input.requestedSubnets.map((request) => {
        const group = request.configuration.name;
        const zoneIndex = this.availabilityZones.indexOf(request.availabilityZone);
        const cidr = this.cidrsBySubnetGroup[group]?.[zoneIndex];
        if (zoneIndex < 0 || cidr === undefined) {
          throw new Error(`No CIDR configured for subnet group "${group}" in ${request.availabilityZone}`);
        }
        if (!isWithin(cidr, this.vpcCidr))
          throw new Error(`Subnet ${cidr} is outside the VPC ${this.vpcCidr}`);
        return { cidr };
      }),
    };
  }
}

function isWithin(subnet: string, network: string): boolean {
  const [subnetAddress, subnetBits] = parseCidr(subnet);
  const [networkAddress, networkBits] = parseCidr(network);
  if (subnetBits < networkBits) return false;
  const mask = networkBits === 0 ? 0 : (~0 << (32 - networkBits)) >>> 0;
  return (subnetAddress & mask) >>> 0 === (networkAddress & mask) >>> 0;
}

function parseCidr(cidr: string): [address: number, bits: number] {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) throw new Error(`Not an IPv4 CIDR: ${cidr}`);
  const [, a, b, c, d, bits] = match.map(Number) as [number, number, number, number, number, number];
  return [((a << 24) | (b << 16) | (c << 8) | d) >>> 0, bits];
}
