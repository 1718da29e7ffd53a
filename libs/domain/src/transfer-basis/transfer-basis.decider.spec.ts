import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { RecordDataTransferBasis, WithdrawDataTransferBasis } from './transfer-basis.commands';
import { transferBasisDecider } from './transfer-basis.decider';
import { DataTransferBasisRecorded, TransferBasisEvent, TransferMechanism, transferBasisStreamId } from './transfer-basis.events';
import { acme, globex, registrar, cb1 as certifier, cac as regulator, at } from '../testing/parties';

const gbaData: Omit<DataTransferBasisRecorded['data'], 'recordedAt'> = {
  basisId: 'tb-1',
  modelId: 'lendwise',
  originJurisdiction: 'CN',
  destinationJurisdiction: 'HK',
  mechanism: 'GBA_STANDARD_CONTRACT',
  filingReference: 'GD-GBA-2026-0042',
  filingDate: '2026-03-10T00:00:00.000Z',
  dataScope: 'Loan application records of Shenzhen customers, pseudonymised',
};
const context = { ownerFirmId: 'acme' };
const record = (over: Partial<RecordDataTransferBasis['data']> = {}, actor = acme): RecordDataTransferBasis => ({
  type: 'RecordDataTransferBasis',
  data: { ...gbaData, context, ...over },
  actor,
  issuedAt: at,
});
const withdraw = (over: Partial<WithdrawDataTransferBasis['data']> = {}, actor = acme): WithdrawDataTransferBasis => ({
  type: 'WithdrawDataTransferBasis',
  data: { basisId: 'tb-1', reason: 'contract terminated', context, ...over },
  actor,
  issuedAt: at,
});
const recorded: TransferBasisEvent = { type: 'DataTransferBasisRecorded', data: { ...gbaData, recordedAt: '2026-04-01T00:00:00.000Z' } };
const withdrawn: TransferBasisEvent = {
  type: 'DataTransferBasisWithdrawn',
  data: { basisId: 'tb-1', modelId: 'lendwise', reason: 'x', withdrawnAt: '2026-05-01T00:00:00.000Z' },
};
const spec = deciderSpec(transferBasisDecider);

describe('transfer-basis decider', () => {
  it('names one stream per basis', () => expect(transferBasisStreamId('tb-1')).toBe('transfer-basis-tb-1'));

  describe('RecordDataTransferBasis', () => {
    it('records a filed GBA Standard Contract from the Mainland GBA to Hong Kong, stamped with the command time', () =>
      spec
        .given([])
        .when(record())
        .then([{ type: 'DataTransferBasisRecorded', data: { ...gbaData, recordedAt: at } }]));
    it('records a GBA Standard Contract from Hong Kong to the Mainland GBA, filed at the very moment of recording', () =>
      spec
        .given([])
        .when(record({ originJurisdiction: 'HK', destinationJurisdiction: 'CN', filingDate: at }))
        .then([
          { type: 'DataTransferBasisRecorded', data: { ...gbaData, originJurisdiction: 'HK', destinationJurisdiction: 'CN', filingDate: at, recordedAt: at } },
        ]));
    it('records other mechanisms with or without a filing', () => {
      const adequacy = {
        ...gbaData,
        originJurisdiction: 'EU',
        destinationJurisdiction: 'SG',
        mechanism: 'ADEQUACY' as const,
        filingReference: null,
        filingDate: null,
      };
      spec
        .given([])
        .when(record(adequacy))
        .then([{ type: 'DataTransferBasisRecorded', data: { ...adequacy, recordedAt: at } }]);
      const cnContract = { ...gbaData, destinationJurisdiction: 'SG', mechanism: 'CN_STANDARD_CONTRACT' as const };
      spec
        .given([])
        .when(record(cnContract))
        .then([{ type: 'DataTransferBasisRecorded', data: { ...cnContract, recordedAt: at } }]);
    });
    it('refuses an unknown model', () =>
      spec
        .given([])
        .when(record({ context: { ownerFirmId: null } }))
        .thenFails('TRANSFER_BASIS.MODEL_NOT_FOUND'));
    it.each([globex, registrar, certifier, regulator])('refuses anyone but the owning firm (%o)', (actor) =>
      spec.given([]).when(record({}, actor)).thenFails('TRANSFER_BASIS.NOT_MODEL_OWNER'),
    );
    it('refuses re-recording an existing basis id, even once withdrawn', () => {
      spec.given([recorded]).when(record()).thenFails('TRANSFER_BASIS.ALREADY_RECORDED');
      spec.given([recorded, withdrawn]).when(record()).thenFails('TRANSFER_BASIS.ALREADY_RECORDED');
    });
    it('refuses a "transfer" that stays in one jurisdiction', () =>
      spec
        .given([])
        .when(record({ destinationJurisdiction: 'CN' }))
        .thenFails('TRANSFER_BASIS.SAME_JURISDICTION'));
    it('refuses a GBA Standard Contract for a flow leaving the GBA, in either direction', () => {
      spec
        .given([])
        .when(record({ destinationJurisdiction: 'SG' }))
        .thenFails('TRANSFER_BASIS.OUTSIDE_GBA');
      spec
        .given([])
        .when(record({ originJurisdiction: 'EU' }))
        .thenFails('TRANSFER_BASIS.OUTSIDE_GBA');
      spec
        .given([])
        .when(record({ originJurisdiction: 'MO' }))
        .thenFails('TRANSFER_BASIS.OUTSIDE_GBA');
    });
    it('refuses a GBA Standard Contract without its filing reference or filing date', () => {
      spec
        .given([])
        .when(record({ filingReference: null }))
        .thenFails('TRANSFER_BASIS.FILING_REQUIRED');
      spec
        .given([])
        .when(record({ filingDate: null }))
        .thenFails('TRANSFER_BASIS.FILING_REQUIRED');
    });
    it('refuses a filing dated after the record', () =>
      spec
        .given([])
        .when(record({ filingDate: '2026-11-25T08:00:00.001Z' }))
        .thenFails('TRANSFER_BASIS.FILING_DATE_IN_FUTURE'));
    it.each([
      ['basisId', { basisId: 'TB 1' }],
      ['originJurisdiction', { originJurisdiction: 'China' }],
      ['destinationJurisdiction', { destinationJurisdiction: 'hk' }],
      ['mechanism', { mechanism: 'HANDSHAKE' as TransferMechanism }],
      ['dataScope', { dataScope: ' ' }],
      ['dataScope (too long)', { dataScope: 'x'.repeat(2001) }],
      ['filingReference', { filingReference: '' }],
      ['filingDate', { filingDate: 'last March' }],
    ])('refuses an invalid %s', (_field, over) => spec.given([]).when(record(over)).thenFails('TRANSFER_BASIS.INVALID'));
  });

  describe('WithdrawDataTransferBasis', () => {
    const withdrawnNow: TransferBasisEvent = {
      type: 'DataTransferBasisWithdrawn',
      data: { basisId: 'tb-1', modelId: 'lendwise', reason: 'contract terminated', withdrawnAt: at },
    };

    it('lets the owner withdraw a basis, naming its model', () => spec.given([recorded]).when(withdraw()).then([withdrawnNow]));
    it('lets the registrar withdraw a basis', () => spec.given([recorded]).when(withdraw({}, registrar)).then([withdrawnNow]));
    it.each([globex, certifier, regulator])('refuses anyone else (%o)', (actor) =>
      spec.given([recorded]).when(withdraw({}, actor)).thenFails('TRANSFER_BASIS.NOT_MODEL_OWNER'),
    );
    it('refuses an unknown basis', () => spec.given([]).when(withdraw()).thenFails('TRANSFER_BASIS.NOT_FOUND'));
    it('refuses a basis already withdrawn', () => spec.given([recorded, withdrawn]).when(withdraw()).thenFails('TRANSFER_BASIS.ALREADY_WITHDRAWN'));
    it('refuses a withdrawal without a reason', () =>
      spec
        .given([recorded])
        .when(withdraw({ reason: '' }))
        .thenFails('TRANSFER_BASIS.REASON_REQUIRED'));
  });
});
